package io.mailmig.common.folder;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ModifiedUtf7Tests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			INBOX                   | INBOX
			Réunions                | R&AOk-unions
			Archivé                 | Archiv&AOk-
			Éléments envoyés        | &AMk-l&AOk-ments envoy&AOk-s
			a&b                     | a&-b
			&                       | &-
			A&B&-C                  | A&-B&--C
			日本語                   | &ZeVnLIqe-
			~peter/mail/台北/日本語   | ~peter/mail/&U,BTFw-/&ZeVnLIqe-
			€ 100                   | &IKw- 100
			""")
	void encodeShouldProduceRfc3501FormWhenNameHasNonAscii(String decoded, String wire) {
		// given a name (RFC 3501 §5.1.3 gives the last examples)
		// when
		String encoded = ModifiedUtf7.encode(decoded);

		// then
		assertThat(encoded).isEqualTo(wire);
		assertThat(ModifiedUtf7.decode(encoded)).isEqualTo(decoded);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Réunions", "Archivé.2019", "Sent Items", "Boîte d'envoi", "a&b&c", "😀 emoji", "ü/ö.ä",
			"Entwürfe", "Корзина", "" })
	void decodeShouldReturnOriginalWhenNameWasEncoded(String name) {
		// given
		String wire = ModifiedUtf7.encode(name);

		// when
		String decoded = ModifiedUtf7.decode(wire);

		// then
		assertThat(decoded).isEqualTo(name);
		assertThat(wire).matches("[\\x20-\\x7e]*");
	}

	@ParameterizedTest
	@ValueSource(strings = { "&", "a&", "&Jjo", "&Jjo!-", "&AGE-", "&U,BTFw-&ZeVnLIqe-", "R&AOl-unions", "caf\u00e9",
			"tab\there", "&2D0-", "&AOk" })
	void decodeShouldThrowWhenNameIsMalformed(String wire) {
		// given a name that is unterminated, holds a non-base64 character, encodes printable ASCII, has two
		// adjacent shift sequences, left-over bits, raw 8-bit or control characters, or a lone surrogate
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> ModifiedUtf7.decode(wire))
			.withMessageContaining("modified UTF-7");
	}

}
