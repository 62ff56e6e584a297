package city.urbanops.operatorapi.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndNullIsEmpty() {
        StringWriter out = new StringWriter();
        new Csv(out).row(Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", null, 42));
        assertThat(out.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,42\r\n");
    }

    @Test
    void aFieldASpreadsheetWouldRunAsAFormulaIsWrittenAsText() {
        assertThat(Csv.field("=HYPERLINK(\"http://evil.example\",\"x\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
        assertThat(Csv.field("+1")).isEqualTo("'+1");
        assertThat(Csv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.field("-2")).isEqualTo("'-2");
        assertThat(Csv.field(-2.5)).as("a number stays a number").isEqualTo("-2.5");
    }
}
