package io.mailmig.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher per data directory. Held for the life of the process (the OS releases it when the
 * process dies, even by SIGKILL), so that whatever the holder finds running on its data, such as a
 * PostgreSQL server, was left by a launcher that is gone.
 */
final class DataDirectoryLock implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private DataDirectoryLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	static DataDirectoryLock acquire(Path dataDirectory) {
		Path file = dataDirectory.resolve("launcher.lock");
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				channel.close();
				throw new IllegalStateException("another mailmig launcher is running on " + dataDirectory
						+ ": stop it first, or give this one another --data-dir");
			}
			return new DataDirectoryLock(channel, lock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not lock " + file, ex);
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
			this.channel.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
