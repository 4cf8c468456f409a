package org.openloa.cms.report;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.stereotype.Component;

/**
 * The report as a file: CSV (UTF-8 with a byte order mark, so a spreadsheet opens Vietnamese correctly), XLSX
 * (fastexcel: one sheet per table) and PDF (OpenPDF, embedding DejaVu Sans, whose glyphs cover Vietnamese; the
 * font ships in resources/fonts with its licence). All three are drawn from {@link ReportTable}.
 */
@Component
public class ReportFiles {

    /** The font the PDF embeds (DejaVu Sans, Bitstream Vera licence: fonts/DejaVuSans-LICENSE.txt). */
    static final String FONT = "/fonts/DejaVuSans.ttf";

    private final ReportTable layout;
    private volatile byte[] font;

    ReportFiles(ReportTable layout) {
        this.layout = layout;
    }

    public byte[] csv(Summary s, Locale locale) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, List.of(layout.title(s, locale)));
        line(out, List.of(layout.period(s, locale)));
        for (ReportTable.Table t : layout.tables(s, locale)) {
            out.append("\r\n");
            line(out, List.of(t.title()));
            line(out, List.copyOf(t.header()));
            t.rows().forEach(r -> line(out, r));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] xlsx(Summary s, Locale locale) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(bytes, "OpenLoa", "1.0");
            for (ReportTable.Table t : layout.tables(s, locale)) {
                Worksheet sheet = workbook.newWorksheet(sheetName(t.title()));
                sheet.value(0, 0, layout.title(s, locale));
                sheet.value(1, 0, layout.period(s, locale));
                for (int c = 0; c < t.header().size(); c++) {
                    sheet.value(3, c, t.header().get(c));
                    sheet.style(3, c).bold().set();
                }
                for (int r = 0; r < t.rows().size(); r++) {
                    List<Object> row = t.rows().get(r);
                    for (int c = 0; c < row.size(); c++) {
                        Object v = row.get(c);
                        if (v instanceof Number n) {
                            sheet.value(4 + r, c, n);
                        } else {
                            sheet.value(4 + r, c, String.valueOf(v));
                        }
                    }
                }
                sheet.width(0, 36);
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public byte[] pdf(Summary s, Locale locale) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4.rotate(), 28, 28, 28, 28);
        PdfWriter.getInstance(document, bytes);
        document.addTitle(layout.title(s, locale));
        document.open();
        BaseFont base = baseFont();
        Font title = new Font(base, 14, Font.BOLD);
        Font text = new Font(base, 8);
        Font head = new Font(base, 8, Font.BOLD);
        document.add(new Paragraph(layout.title(s, locale), title));
        document.add(new Paragraph(layout.period(s, locale), text));
        for (ReportTable.Table t : layout.tables(s, locale)) {
            Paragraph heading = new Paragraph(t.title(), new Font(base, 11, Font.BOLD));
            heading.setSpacingBefore(10);
            heading.setSpacingAfter(4);
            document.add(heading);
            PdfPTable table = new PdfPTable(t.header().size());
            table.setWidthPercentage(100);
            table.setHeaderRows(1);
            for (String h : t.header()) {
                table.addCell(new PdfPCell(new Phrase(h, head)));
            }
            for (List<Object> row : t.rows()) {
                for (Object v : row) {
                    PdfPCell cell = new PdfPCell(new Phrase(String.valueOf(v), text));
                    if (v instanceof Number) {
                        cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
                    }
                    table.addCell(cell);
                }
            }
            document.add(table);
        }
        document.close();
        return bytes.toByteArray();
    }

    private BaseFont baseFont() {
        try {
            if (font == null) {
                try (InputStream in = ReportFiles.class.getResourceAsStream(FONT)) {
                    font = in.readAllBytes();
                }
            }
            return BaseFont.createFont("DejaVuSans.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, font, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Excel's rules for a sheet name: at most 31 characters, none of []:*?/\. */
    private static String sheetName(String title) {
        String clean = title.replaceAll("[\\[\\]:*?/\\\\]", " ").strip();
        return clean.length() <= 31 ? clean : clean.substring(0, 31);
    }

    /** RFC 4180, and a leading =, +, - or @ made inert so a spreadsheet does not run it as a formula. */
    private static void line(StringBuilder out, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = cells.get(i);
            if (v instanceof Number) {
                out.append(v);
            } else {
                String text = String.valueOf(v);
                String safe =
                        !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !"-".equals(text) ? "'" + text : text;
                out.append('"').append(safe.replace("\"", "\"\"")).append('"');
            }
        }
        out.append("\r\n");
    }
}
