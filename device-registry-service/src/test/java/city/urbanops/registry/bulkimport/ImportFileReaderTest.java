package city.urbanops.registry.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportFileReaderTest {

    private final ImportFileReader reader = new ImportFileReader(5, 1024);

    @Test
    void aCsvRowIsNumberedByTheLineItStartsOnEvenAfterAQuotedValueSpanningLines() {
        var rows = rows("""
                deviceId,externalId,deviceType,department,district
                a,,t,d,n
                b,"two
                lines",t,d,n

                c,,t,d,n
                ,,t,d,n
                """, ImportFormat.CSV);

        assertThat(rows).extracting(RawRow::line).containsExactly(2L, 3L, 6L, 7L);
        assertThat(rows.get(1).value(ImportField.EXTERNAL_ID)).isEqualTo("two\nlines");
        assertThat(rows.get(3).value(ImportField.DEVICE_ID)).isNull();
    }

    @Test
    void aJsonRowIsNumberedByItsArrayIndex() {
        var rows = rows("""
                [{"deviceId": "a", "latitude": 47.5}, {"deviceId": "b", "latitude": "47.6"}, 3]""",
                ImportFormat.JSON);

        assertThat(rows).extracting(RawRow::line).containsExactly(0L, 1L, 2L);
        assertThat(rows).extracting(r -> r.value(ImportField.LATITUDE)).containsExactly("47.5", "47.6", null);
        assertThat(rows.get(2).shapeProblems()).extracting(RowProblem::reason).containsExactly("is not a JSON object");
    }

    @Test
    void moreRowsThanAllowedMakeTheWholeFileUnreadable() {
        String json = "[" + String.join(",", List.of("{}", "{}", "{}", "{}", "{}", "{}")) + "]";

        assertThat(reader.read(json.getBytes(StandardCharsets.UTF_8), ImportFormat.JSON))
                .isEqualTo(new ImportFileReader.Unreadable("the file has more than 5 rows; split it"));
    }

    @Test
    void anUnclosedQuoteOrArrayMakesTheFileUnreadable() {
        assertThat(reader.read("deviceId\n\"open\n".getBytes(StandardCharsets.UTF_8), ImportFormat.CSV))
                .isInstanceOfSatisfying(ImportFileReader.Unreadable.class,
                        u -> assertThat(u.reason()).startsWith("the CSV is malformed"));
        assertThat(reader.read("[{\"deviceId\": \"a\"}".getBytes(StandardCharsets.UTF_8), ImportFormat.JSON))
                .isInstanceOfSatisfying(ImportFileReader.Unreadable.class,
                        u -> assertThat(u.reason()).startsWith("the JSON is malformed"));
    }

    private List<RawRow> rows(String file, ImportFormat format) {
        var outcome = reader.read(file.getBytes(StandardCharsets.UTF_8), format);
        assertThat(outcome).isInstanceOf(ImportFileReader.Rows.class);
        return ((ImportFileReader.Rows) outcome).rows();
    }
}
