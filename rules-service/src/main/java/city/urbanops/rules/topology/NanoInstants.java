package city.urbanops.rules.topology;

import java.math.BigDecimal;
import java.time.Instant;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Instants in rules-service's own state and findings as one whole number, nanoseconds since the epoch: written and
 * read as a {@code long}, where the decimal epoch seconds written before ({@code 1796025600.123456789}) went through
 * {@code BigDecimal} both ways, a fifth of everything the stream thread allocated. What a store or the findings topic
 * holds from before is still read: a decimal number (epoch seconds), a whole number below {@link #SMALLEST} (epoch
 * seconds: no older writer wrote a whole number that large) and ISO-8601 text go to {@link FastInstants}. An instant
 * whose nanoseconds do not fit a {@code long} (before 1677 or after 2262), or within {@link #SMALLEST} nanoseconds of
 * the epoch, is written in the decimal form, so a whole number is never ambiguous.
 */
final class NanoInstants {

    /** Whole numbers at least this large (in magnitude) are nanoseconds; some 17 minutes from the epoch. */
    static final long SMALLEST = 1_000_000_000_000L;
    private static final long NANOS = 1_000_000_000L;

    private NanoInstants() {
    }

    static SimpleModule module() {
        return new SimpleModule("nano-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader());
    }

    /** The instant's nanoseconds since the epoch, or null when they do not fit or would read as seconds. */
    static Long nanos(Instant instant) {
        try {
            long nanos = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS), instant.getNano());
            return Math.abs(nanos) >= SMALLEST ? nanos : null;
        } catch (ArithmeticException outOfRange) {
            return null;
        }
    }

    private static final class Writer extends StdSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            var nanos = nanos(value);
            if (nanos != null) {
                generator.writeNumber(nanos);
            } else {
                generator.writeNumber(BigDecimal.valueOf(value.getEpochSecond()).add(
                        BigDecimal.valueOf(value.getNano(), 9)));
            }
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> {
        private final FastInstants older = new FastInstants();

        Reader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() == JsonParser.NumberType.LONG) {
                long nanos = parser.getLongValue();
                if (Math.abs(nanos) >= SMALLEST) {
                    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
                }
            }
            return older.deserialize(parser, context);
        }
    }
}
