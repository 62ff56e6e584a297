package city.urbanops.registry.bulkimport;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * The checks an upload passes before a job is created, all in one pass over the bytes and none touching the
 * database: valid UTF-8 (a wrong encoding is refused, never guessed), CSV lines within the line limit and a header
 * naming known columns only, a JSON file that is an array. What passes may still hold bad rows; those are the job's.
 */
final class UploadCheck {

    /** Columns without which every row would be bad: refused at the header rather than reported row by row. */
    static final Set<ImportField> REQUIRED_COLUMNS = EnumSet.of(ImportField.DEVICE_ID, ImportField.DEVICE_TYPE,
            ImportField.DEPARTMENT, ImportField.DISTRICT);

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private UploadCheck() {
    }

    /** Where the content starts: after a UTF-8 byte order mark, which spreadsheet programs like to write. */
    static int contentStart(byte[] file) {
        return file.length >= 3 && file[0] == UTF8_BOM[0] && file[1] == UTF8_BOM[1] && file[2] == UTF8_BOM[2] ? 3 : 0;
    }

    /** Throws {@link ImportRefusedException} (400) naming the first problem found. */
    static void check(byte[] file, ImportFormat format, int maxLineLength) {
        int start = contentStart(file);
        if (isBlank(file, start)) {
            throw ImportRefusedException.invalidFile(ImportRefusedException.FILE, "is empty");
        }
        requireUtf8(file, start);
        switch (format) {
            case CSV -> {
                requireLinesWithin(file, start, maxLineLength);
                requireKnownHeader(file, start);
            }
            case JSON -> requireArray(file, start);
        }
    }

    private static void requireUtf8(byte[] file, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(file, start, file.length - start);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                int at = in.position();
                throw ImportRefusedException.invalidFile(ImportRefusedException.FILE, "is not valid UTF-8: byte "
                        + (at + 1) + " (line " + lineOf(file, start, at) + ") cannot be decoded; save the file as "
                        + "UTF-8");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    private static void requireLinesWithin(byte[] file, int start, int maxLineLength) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i <= file.length; i++) {
            if (i == file.length || file[i] == '\n') {
                if (i - lineStart > maxLineLength) {
                    throw ImportRefusedException.invalidFile(ImportRefusedException.FILE, "has line " + line
                            + " longer than " + maxLineLength + " bytes");
                }
                line++;
                lineStart = i + 1;
            }
        }
    }

    private static void requireKnownHeader(byte[] file, int start) {
        int end = start;
        while (end < file.length && file[end] != '\n') {
            end++;
        }
        String header = new String(file, start, end - start, StandardCharsets.UTF_8);
        Set<ImportField> present = EnumSet.noneOf(ImportField.class);
        Set<String> seen = new HashSet<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(header), CSVFormat.RFC4180)) {
            var record = parser.iterator().next();
            for (String raw : record) {
                String name = raw.strip();
                if (!seen.add(name)) {
                    throw ImportRefusedException.invalidFile(name, "is a column named twice in the header (line 1)");
                }
                present.add(ImportField.byWireName(name).orElseThrow(() -> ImportRefusedException.invalidFile(
                        name.isEmpty() ? "header" : name, (name.isEmpty() ? "has an empty column name" : "is not a "
                                + "known column") + " (line 1); known columns: " + ImportField.wireNames())));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | NoSuchElementException e) {
            throw ImportRefusedException.invalidFile("header", "cannot be read as a CSV line (line 1)");
        }
        for (ImportField required : REQUIRED_COLUMNS) {
            if (!present.contains(required)) {
                throw ImportRefusedException.invalidFile(required.wireName(), "is a required column missing from the "
                        + "header (line 1)");
            }
        }
    }

    private static void requireArray(byte[] file, int start) {
        for (int i = start; i < file.length; i++) {
            if (!Character.isWhitespace(file[i])) {
                if (file[i] != '[') {
                    throw ImportRefusedException.invalidFile(ImportRefusedException.FILE,
                            "is not a JSON array of device objects (it must start with '[')");
                }
                return;
            }
        }
    }

    private static boolean isBlank(byte[] file, int start) {
        for (int i = start; i < file.length; i++) {
            if (!Character.isWhitespace(file[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lineOf(byte[] file, int start, int position) {
        int line = 1;
        for (int i = start; i < position && i < file.length; i++) {
            if (file[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
