package io.mailmig.worker.copy;

import java.util.LinkedHashMap;
import java.util.Map;

import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.discovery.PassFolders;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per folder of the pass's plan. Names are stable and derived from the folder, so a
 * restart resumes each folder's partition from its own last committed chunk.
 */
public class FolderPartitioner implements Partitioner {

	/** The partition's source folder (wire name). */
	public static final String SOURCE_FOLDER = "folderPartitioner.sourceFolder";

	private final PassFolders passFolders;

	private final String passKey;

	public FolderPartitioner(PassFolders passFolders, String passKey) {
		this.passFolders = passFolders;
		this.passKey = passKey;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (PassFolder folder : this.passFolders.plan(this.passKey)) {
			ExecutionContext context = new ExecutionContext();
			context.putString(SOURCE_FOLDER, folder.sourceFolder());
			partitions.put(name(folder), context);
		}
		return partitions;
	}

	static String name(PassFolder folder) {
		String display = folder.sourceDisplay();
		if (display.length() > 60) {
			display = display.substring(0, 60);
		}
		return String.format("%04d-%s", folder.ordinal(), display);
	}

}
