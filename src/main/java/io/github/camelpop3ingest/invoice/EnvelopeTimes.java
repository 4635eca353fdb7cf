package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;

/**
 * ISO-8601 (de)serializers that the envelope's time fields name by annotation, so that any ObjectMapper, Camel's
 * Jackson data format included, writes an envelope the same way without jackson-datatype-jsr310.
 */
public final class EnvelopeTimes {

    private EnvelopeTimes() {
    }

    /** Writes an {@link Instant} as {@code 2026-11-27T11:23:18.448Z}. */
    public static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
        }
    }

    /** Reads what {@link InstantSerializer} writes. */
    public static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Instant.parse(p.getValueAsString());
        }
    }

    /** Writes an {@link OffsetDateTime} as {@code 2026-11-03T14:02:11+01:00}, seconds always present. */
    public static final class OffsetDateTimeSerializer extends JsonSerializer<OffsetDateTime> {
        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
        }
    }

    /** Reads what {@link OffsetDateTimeSerializer} writes. */
    public static final class OffsetDateTimeDeserializer extends JsonDeserializer<OffsetDateTime> {
        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return OffsetDateTime.parse(p.getValueAsString());
        }
    }
}
