package io.closedloop.routing.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledCsvTest {

    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, content);
        return csv;
    }

    @Test
    void joinsTheChosenTextColumnsAndReadsQuotedFieldsThatSpanLines() throws Exception {
        Path csv = write("""
                编号,主题,详情,分类
                1,快递太慢,"等了一周，
                还没到, 说是""中转""延误",物流
                2,价格虚高,标价与结算不一致,价格
                """);
        List<LabelledText> rows = LabelledCsv.read(csv, List.of("主题", "详情"), "分类");
        assertThat(rows).containsExactly(
                new LabelledText("快递太慢\n等了一周，\n还没到, 说是\"中转\"延误", "物流"),
                new LabelledText("价格虚高\n标价与结算不一致", "价格"));
    }

    @Test
    void ignoresAByteOrderMarkBeforeTheHeader() throws Exception {
        Path csv = write("\uFEFFtext,label\nrude staff,服务态度\n");
        assertThat(LabelledCsv.read(csv, List.of("text"), "label")).containsExactly(new LabelledText("rude staff", "服务态度"));
    }

    @Test
    void namesTheMissingColumnAndTheColumnsThereAre() throws Exception {
        Path csv = write("text,category\nx,y\n");
        assertThatThrownBy(() -> LabelledCsv.read(csv, List.of("text"), "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(csv + " has no column 'label'; its columns are [text, category]");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path csv = write("");
        assertThatThrownBy(() -> LabelledCsv.read(csv, List.of("text"), "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void refusesAHeaderWithoutRows() throws Exception {
        Path csv = write("text,label\n");
        assertThatThrownBy(() -> LabelledCsv.read(csv, List.of("text"), "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has a header but no rows");
    }

    @Test
    void refusesARowWithoutALabelAndSaysWhichRecord() throws Exception {
        Path csv = write("text,label\nfine,物流\nno label here,\n");
        assertThatThrownBy(() -> LabelledCsv.read(csv, List.of("text"), "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("record 2").hasMessageContaining("has no label");
    }

    @Test
    void refusesAFileThatIsNotThere() {
        Path csv = dir.resolve("absent.csv");
        assertThatThrownBy(() -> LabelledCsv.read(csv, List.of("text"), "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("no such file: " + csv);
    }

    @Test
    void refusesAnUnclosedQuote() throws Exception {
        Path csv = write("text,label\n\"never closed,物流\n");
        assertThatThrownBy(() -> LabelledCsv.read(csv, List.of("text"), "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not valid CSV");
    }
}
