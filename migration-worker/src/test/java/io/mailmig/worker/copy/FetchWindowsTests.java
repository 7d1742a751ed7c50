package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FetchWindowsTests {

	@Test
	void windowsShouldKeepOrderAndBoundCountAndBytesWhenMessagesAreSmall() {
		// given 600 messages of 10 KB: 4 MB would hold 419 of them, the count limit 250
		List<Long> sizes = LongStream.range(0, 600).mapToObj(i -> 10_000L).toList();

		// when
		List<List<Long>> windows = FetchWindows.of(sizes, Long::longValue, 1_000_000);

		// then
		assertThat(windows).extracting(List::size).containsExactly(250, 250, 100);
		assertThat(windows.stream().flatMap(List::stream).toList()).isEqualTo(sizes);
	}

	@Test
	void windowsShouldCloseOnBytesWhenMessagesAreMidSized() {
		// given 10 messages of 900 KB: 4 of them fill 3.6 MB, a 5th would pass 4 MiB
		List<Long> sizes = LongStream.range(0, 10).mapToObj(i -> 900_000L).toList();

		// when
		List<List<Long>> windows = FetchWindows.of(sizes, Long::longValue, 1_000_000);

		// then
		assertThat(windows).extracting(List::size).containsExactly(4, 4, 2);
		assertThat(windows).allSatisfy(w -> assertThat(w.stream().mapToLong(Long::longValue).sum())
			.isLessThanOrEqualTo(FetchWindows.BYTES));
	}

	@Test
	void windowsShouldPutALargeMessageAloneWhenOverTheInMemoryLimit() {
		// given small, small, large, small
		List<Long> sizes = new ArrayList<>(List.of(5_000L, 6_000L, 25_000_000L, 7_000L));

		// when
		List<List<Long>> windows = FetchWindows.of(sizes, Long::longValue, 1_000_000);

		// then
		assertThat(windows).containsExactly(List.of(5_000L, 6_000L), List.of(25_000_000L), List.of(7_000L));
	}

	@Test
	void windowsShouldBeEmptyWhenThereIsNothing() {
		assertThat(FetchWindows.of(List.<Long>of(), Long::longValue, 1_000_000)).isEmpty();
	}

}
