package io.mailmig.common.event;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON mapper for Kafka payloads: ISO-8601 instants, unknown fields ignored (changes are additive). */
public final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private Json() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

}
