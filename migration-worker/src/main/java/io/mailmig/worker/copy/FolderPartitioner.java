package io.mailmig.worker.copy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.discovery.PassFolders;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per folder of the pass's plan; a folder with at least twice a range's messages or bytes
 * to copy is split into UID ranges (at most {@code maxRanges}) copied side by side over their own
 * connections. Names are stable and derived from the folder and the plan, so a
 * restart resumes each partition from its own last committed chunk.
 */
public class FolderPartitioner implements Partitioner {

	/** The partition's source folder (wire name). */
	public static final String SOURCE_FOLDER = "folderPartitioner.sourceFolder";

	/** First source UID of the partition's range. */
	public static final String UID_FROM = "folderPartitioner.uidFrom";

	/** Last source UID of the partition's range ({@link Long#MAX_VALUE}: open, new mail included). */
	public static final String UID_TO = "folderPartitioner.uidTo";

	private final PassFolders passFolders;

	private final String passKey;

	private final long rangeMessages;

	private final long rangeBytes;

	private final int maxRanges;

	/**
	 * @param rangeMessages a range holds about this many messages ({@code 0}: not split by count)
	 * @param rangeBytes a range holds about this many bytes ({@code 0}: not split by size)
	 * @param maxRanges ranges per folder at most
	 */
	public FolderPartitioner(PassFolders passFolders, String passKey, long rangeMessages, long rangeBytes,
			int maxRanges) {
		this.passFolders = passFolders;
		this.passKey = passKey;
		this.rangeMessages = rangeMessages;
		this.rangeBytes = rangeBytes;
		this.maxRanges = maxRanges;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		return partitions(this.passFolders.plan(this.passKey));
	}

	/**
	 * The partitions of a plan. A folder that discovery found
	 * unchanged since it was last copied completely (same UIDNEXT, MESSAGES and HIGHESTMODSEQ: no new
	 * message, no flag change) has nothing to do and gets no partition: no step execution to record, no
	 * connection to take. The pass's last step still reports it.
	 */
	Map<String, ExecutionContext> partitions(List<PassFolder> plan) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (PassFolder folder : plan) {
			if (folder.unchanged()) {
				continue;
			}
			int ranges = ranges(folder);
			// UIDs are spread evenly over [1, UIDNEXT): equal widths give about equal message counts
			long width = Math.max(1, (folder.sourceUidNext() - 1) / ranges);
			for (int r = 0; r < ranges; r++) {
				ExecutionContext context = new ExecutionContext();
				context.putString(SOURCE_FOLDER, folder.sourceFolder());
				context.putLong(UID_FROM, r == 0 ? 1 : 1 + r * width);
				context.putLong(UID_TO, r == ranges - 1 ? Long.MAX_VALUE : (r + 1) * width);
				partitions.put(ranges == 1 ? name(folder) : name(folder) + "#" + (r + 1) + "of" + ranges, context);
			}
		}
		return partitions;
	}

	/** A folder with at least twice a range's messages or bytes to copy is split, never into empty ranges. */
	int ranges(PassFolder folder) {
		if (folder.unchanged() || folder.toCopy() < 2) {
			return 1;
		}
		long byCount = this.rangeMessages > 0 ? folder.toCopy() / this.rangeMessages : 0;
		long bySize = this.rangeBytes > 0 ? folder.bytesToCopy() / this.rangeBytes : 0;
		long wanted = Math.max(byCount, bySize);
		return wanted < 2 ? 1 : (int) Math.min(Math.min(this.maxRanges, wanted), folder.toCopy());
	}

	static String name(PassFolder folder) {
		String display = folder.sourceDisplay();
		if (display.length() > 60) {
			display = display.substring(0, 60);
		}
		return String.format("%04d-%s", folder.ordinal(), display);
	}

}
