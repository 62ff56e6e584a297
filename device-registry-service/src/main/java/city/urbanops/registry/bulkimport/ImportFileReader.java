package city.urbanops.registry.bulkimport;

import java.io.ByteArrayInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads an uploaded file (already past {@link UploadCheck}) into rows, streaming: CSV record by record with Commons
 * CSV, JSON token by token with Jackson's parser (no tree of the whole array is built). A file whose structure breaks
 * (an unclosed quote, malformed JSON, more rows than allowed) is {@link Unreadable} as a whole: the job fails with that
 * reason and writes nothing.
 */
final class ImportFileReader {

    private final int maxRows;
    private final JsonFactory json;

    ImportFileReader(int maxRows, int maxValueLength) {
        this.maxRows = maxRows;
        this.json = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(maxValueLength).maxNameLength(maxValueLength).maxNumberLength(64)
                .maxNestingDepth(8).build()).build();
    }

    /** What reading a file gave. */
    sealed interface Outcome permits Rows, Unreadable {
    }

    record Rows(List<RawRow> rows) implements Outcome {
    }

    record Unreadable(String reason) implements Outcome {
    }

    Outcome read(byte[] file, ImportFormat format) {
        int start = UploadCheck.contentStart(file);
        return switch (format) {
            case CSV -> readCsv(file, start);
            case JSON -> readJson(file, start);
        };
    }

    private Outcome readCsv(byte[] file, int start) {
        var lines = new LineCountingReader(new InputStreamReader(
                new ByteArrayInputStream(file, start, file.length - start), StandardCharsets.UTF_8));
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        var rows = new ArrayList<RawRow>();
        try (CSVParser parser = CSVParser.parse(lines, format)) {
            List<ImportField> columns = parser.getHeaderNames().stream()
                    .map(name -> ImportField.byWireName(name.strip()).orElseThrow()).toList();
            for (CSVRecord record : parser) {
                if (rows.size() == maxRows) {
                    return tooManyRows();
                }
                rows.add(csvRow(lines.lineAt(record.getCharacterPosition()), record, columns));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return new Unreadable("the CSV is malformed: " + rootMessage(e));
        }
        return new Rows(rows);
    }

    private static RawRow csvRow(long line, CSVRecord record, List<ImportField> columns) {
        Map<ImportField, String> values = new EnumMap<>(ImportField.class);
        List<RowProblem> problems = new ArrayList<>();
        if (record.size() != columns.size()) {
            problems.add(new RowProblem(line, RowProblem.WHOLE_ROW, "has " + record.size() + " values, the header "
                    + "names " + columns.size() + " columns"));
        }
        for (int i = 0; i < Math.min(record.size(), columns.size()); i++) {
            String value = record.get(i);
            if (!value.isEmpty()) {
                values.put(columns.get(i), value);
            }
        }
        return new RawRow(line, values, problems);
    }

    private Outcome readJson(byte[] file, int start) {
        var rows = new ArrayList<RawRow>();
        try (JsonParser parser = json.createParser(ObjectReadContext.empty(), file, start, file.length - start)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return new Unreadable("a JSON import is an array of device objects");
            }
            long index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    return new Unreadable("the JSON array is not closed");
                }
                if (rows.size() == maxRows) {
                    return tooManyRows();
                }
                rows.add(token == JsonToken.START_OBJECT ? jsonRow(index, parser) : notAnObject(index, parser));
                index++;
            }
            if (parser.nextToken() != null) {
                return new Unreadable("there is content after the JSON array (at line "
                        + parser.currentTokenLocation().getLineNr() + ")");
            }
        } catch (JacksonException e) {
            var at = e.getLocation();
            return new Unreadable("the JSON is malformed" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        return new Rows(rows);
    }

    private static RawRow jsonRow(long index, JsonParser parser) {
        Map<ImportField, String> values = new EnumMap<>(ImportField.class);
        List<RowProblem> problems = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            var field = ImportField.byWireName(name);
            if (field.isEmpty()) {
                problems.add(new RowProblem(index, name, "is not a known field; known fields: "
                        + ImportField.wireNames()));
                parser.skipChildren();
                continue;
            }
            switch (value) {
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                    String text = parser.getString();
                    if (!text.isBlank() && values.put(field.get(), text.strip()) != null) {
                        problems.add(new RowProblem(index, name, "is given twice"));
                    }
                }
                case VALUE_NULL -> { }
                default -> {
                    problems.add(new RowProblem(index, name, "must be a string or a number"));
                    parser.skipChildren();
                }
            }
        }
        return new RawRow(index, values, problems);
    }

    private static RawRow notAnObject(long index, JsonParser parser) {
        parser.skipChildren();
        return new RawRow(index, Map.of(), List.of(new RowProblem(index, RowProblem.WHOLE_ROW,
                "is not a JSON object")));
    }

    private Unreadable tooManyRows() {
        return new Unreadable("the file has more than " + maxRows + " rows; split it");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /**
     * Remembers where each line starts in the character stream, so a record's character position (which Commons CSV
     * tracks) becomes its line number even when a quoted value spans lines. The header is line 1. Commons CSV places
     * a record after skipped empty lines at the first of them, so those are noted and stepped over.
     */
    private static final class LineCountingReader extends FilterReader {

        private long[] newlines = new long[1024];
        private final BitSet blankLines = new BitSet();
        private int count;
        private long position;
        private boolean lineHasContent;

        LineCountingReader(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                note((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                note(buffer[offset + i]);
            }
            return n;
        }

        private void note(char c) {
            if (c == '\n') {
                if (count == newlines.length) {
                    newlines = Arrays.copyOf(newlines, count * 2);
                }
                newlines[count++] = position;
                if (!lineHasContent) {
                    blankLines.set(count);
                }
                lineHasContent = false;
            } else if (c != '\r') {
                lineHasContent = true;
            }
            position++;
        }

        /** The 1-based line on which the record at {@code characterPosition} starts. */
        long lineAt(long characterPosition) {
            int found = Arrays.binarySearch(newlines, 0, count, characterPosition);
            int line = (found >= 0 ? found : -found - 1) + 1;
            while (blankLines.get(line)) {
                line++;
            }
            return line;
        }
    }
}
