package io.mailmig.worker.copy;

import io.mailmig.worker.discovery.PassFolder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FolderPartitionerTests {

	static final long MB = 1024 * 1024;

	final FolderPartitioner partitioner = new FolderPartitioner(null, "p", 5000, 128 * MB, 4);

	@Test
	void rangesShouldBeOneWhenFolderIsUnderTwiceARange() {
		assertThat(this.partitioner.ranges(folder(9_999, 100 * MB, false))).isEqualTo(1);
	}

	@Test
	void rangesShouldFollowTheMessageCountUpToTheMaximumWhenFolderIsBig() {
		assertThat(this.partitioner.ranges(folder(12_000, 100 * MB, false))).isEqualTo(2);
		assertThat(this.partitioner.ranges(folder(50_000, 200 * MB, false))).isEqualTo(4);
	}

	@Test
	void rangesShouldFollowTheBytesWhenFewMessagesAreLarge() {
		// 40 attachments of 5-30 MB: 760 MB in one folder
		assertThat(this.partitioner.ranges(folder(40, 760 * MB, false))).isEqualTo(4);
		// never more ranges than messages
		assertThat(this.partitioner.ranges(folder(3, 900 * MB, false))).isEqualTo(3);
	}

	@Test
	void rangesShouldBeOneWhenFolderIsUnchangedOrSplittingIsOff() {
		assertThat(this.partitioner.ranges(folder(50_000, 900 * MB, true))).isEqualTo(1);
		assertThat(new FolderPartitioner(null, "p", 0, 0, 4).ranges(folder(50_000, 900 * MB, false))).isEqualTo(1);
	}

	@Test
	void copyShouldHaveNoPartitionForAnUnchangedFolder() {
		// given a re-run: INBOX unchanged, Archives with new mail
		java.util.List<PassFolder> plan = java.util.List.of(folder("INBOX", 0, 0, true), folder("Archives", 3, 9_000, false));

		// when
		java.util.Set<String> copy = this.partitioner.partitions(plan).keySet();

		// then
		assertThat(copy).containsExactly("0001-Archives");
		assertThat(this.partitioner.partitions(java.util.List.of(folder("INBOX", 0, 0, true)))).as("nothing to copy")
			.isEmpty();
	}

	private static PassFolder folder(String name, long toCopy, long bytes, boolean unchanged) {
		int ordinal = name.equals("INBOX") ? 0 : 1;
		return new PassFolder("p", ordinal, name, name, name, name, 1, toCopy + 1, 0, toCopy, bytes, toCopy, bytes,
				unchanged, false);
	}

	private static PassFolder folder(long toCopy, long bytes, boolean unchanged) {
		return new PassFolder("p", 0, "INBOX", "INBOX", "INBOX", "INBOX", 1, toCopy + 1, 0, toCopy, bytes, toCopy,
				bytes, unchanged, false);
	}

}
