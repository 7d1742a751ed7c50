package io.mailmig.common.imap;

import java.io.IOException;
import java.io.InputStream;

/** Raw message bytes that can be read more than once (an APPEND may be retried). */
public interface MessageContent {

	/** Exact size in bytes: the APPEND literal length. */
	long size();

	/** A fresh stream over the whole message; the caller closes it. */
	InputStream open() throws IOException;

}
