package io.mailmig.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders the {@code dovecot.conf} of one private instance: everything under its own directory,
 * loopback only, passwd-file users plus a master user, no systemd, no shared state with other instances.
 */
final class DovecotConfig {

	private DovecotConfig() {
	}

	static String render(DovecotServer.Builder settings, Path dir, int port, int imapsPort, int mailUid, int mailGid) {
		boolean quota = settings.quotaBytes > 0 || settings.maxMessageBytes > 0;
		StringBuilder conf = new StringBuilder();
		conf.append("# private Dovecot instance for tests, written by DovecotServer\n");
		line(conf, "instance_name", "mailmig-test-" + port);
		line(conf, "base_dir", dir.resolve("run"));
		line(conf, "state_dir", dir.resolve("state"));
		line(conf, "protocols", "imap");
		line(conf, "listen", "127.0.0.1");
		line(conf, "log_path", dir.resolve("log/dovecot.log"));
		line(conf, "info_log_path", dir.resolve("log/dovecot.log"));
		line(conf, "disable_plaintext_auth", "no");
		line(conf, "auth_mechanisms", "plain login");
		// tests log in with wrong passwords on purpose: no 2 s penalty
		line(conf, "auth_failure_delay", "0");
		line(conf, "auth_master_user_separator", "*");
		line(conf, "first_valid_uid", mailUid);
		line(conf, "last_valid_uid", mailUid);
		line(conf, "mail_uid", mailUid);
		line(conf, "mail_gid", mailGid);
		line(conf, "mail_home", dir.resolve("mail") + "/%n");
		line(conf, "mail_location", "maildir:~/Maildir");
		line(conf, "mail_fsync", "optimized");
		line(conf, "mailbox_list_index", "yes");
		// listescape: names holding the other separator ('.' or '/') are allowed
		line(conf, "mail_plugins", "$mail_plugins listescape" + (quota ? " quota" : ""));
		if (settings.tls) {
			line(conf, "ssl", "yes");
			line(conf, "ssl_cert", "<" + dir.resolve("tls/cert.pem"));
			line(conf, "ssl_key", "<" + dir.resolve("tls/key.pem"));
			if (Files.isReadable(Path.of("/usr/share/dovecot/dh.pem"))) {
				line(conf, "ssl_dh", "</usr/share/dovecot/dh.pem");
			}
			line(conf, "ssl_min_protocol", "TLSv1.2");
		}
		else {
			line(conf, "ssl", "no");
		}
		conf.append("""
				passdb {
				  driver = passwd-file
				  args = scheme=PLAIN %1$s
				  master = yes
				  pass = yes
				}
				passdb {
				  driver = passwd-file
				  args = scheme=PLAIN username_format=%%n %2$s
				}
				userdb {
				  driver = passwd-file
				  args = username_format=%%n %2$s
				  default_fields = uid=%3$d gid=%4$d home=%5$s/%%n
				}
				""".formatted(dir.resolve("masters"), dir.resolve("users"), mailUid, mailGid, dir.resolve("mail")));
		conf.append("namespace inbox {\n  inbox = yes\n  prefix =\n  separator = ")
			.append(settings.separator)
			.append("\n  subscriptions = yes\n  list = yes\n");
		for (Map.Entry<String, String> mailbox : settings.specialUse.mailboxes().entrySet()) {
			conf.append("  mailbox \"")
				.append(mailbox.getValue())
				.append("\" {\n    special_use = ")
				.append(mailbox.getKey())
				.append("\n    auto = subscribe\n  }\n");
		}
		conf.append("}\n");
		conf.append("service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ")
			.append(port)
			.append("\n  }\n  inet_listener imaps {\n    address = 127.0.0.1\n    port = ")
			.append(imapsPort)
			.append(settings.tls ? "\n    ssl = yes" : "")
			.append("\n  }\n}\n");
		conf.append("""
				service anvil {
				  # no growing penalty (2 s, 4 s... up to 15 s) on the logins after a failed one
				  unix_listener anvil-auth-penalty {
				    mode = 0
				  }
				}
				service stats {
				  unix_listener stats-writer {
				    mode = 0666
				  }
				}
				protocol imap {
				  mail_plugins = $mail_plugins%s
				}
				""".formatted(quota ? " imap_quota" : ""));
		if (quota) {
			conf.append("plugin {\n  quota = count:User quota\n  quota_vsizes = yes\n  quota_rule = *:storage=")
				.append(settings.quotaBytes > 0 ? settings.quotaBytes + "B" : "0")
				.append('\n');
			if (settings.maxMessageBytes > 0) {
				conf.append("  quota_max_mail_size = ").append(settings.maxMessageBytes).append("B\n");
			}
			conf.append("}\n");
		}
		return conf.toString();
	}

	/** uid and gid of {@code nobody}, the unprivileged owner of the mail: Dovecot refuses root as mail_uid. */
	static int[] nobody() throws IOException {
		try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
			String[] fields = lines.filter(l -> l.startsWith("nobody:"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No 'nobody' user in /etc/passwd"))
				.split(":");
			return new int[] { Integer.parseInt(fields[2]), Integer.parseInt(fields[3]) };
		}
	}

	private static void line(StringBuilder conf, String key, Object value) {
		conf.append(key).append(" = ").append(value).append('\n');
	}

}
