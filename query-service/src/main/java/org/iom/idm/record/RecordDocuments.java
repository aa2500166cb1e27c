package org.iom.idm.record;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.record.OfficialRecord.Proposal;
import org.iom.idm.web.Queries;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The record as a printable page in the reader's language, and the same page as PDF. The PDF embeds DejaVu Serif
 * (shipped in {@code fonts/}, with its licence), which has every letter French and Spanish need and most others
 * that names and titles may hold.
 */
@Component
class RecordDocuments {

    private static final String TEMPLATE = "record";
    private static final String FONT_FAMILY = "DejaVu Serif";
    private static final String REGULAR = "/fonts/DejaVuSerif.ttf";
    private static final String BOLD = "/fonts/DejaVuSerif-Bold.ttf";
    private static final int NORMAL_WEIGHT = 400;
    private static final int BOLD_WEIGHT = 700;

    private final ITemplateEngine templates;
    private final Queries queries;

    RecordDocuments(ITemplateEngine templates, Queries queries) {
        this.templates = templates;
        this.queries = queries;
        RendererLog.install();
    }

    byte[] html(OfficialRecord record, Locale locale) {
        return page(record, locale).getBytes(StandardCharsets.UTF_8);
    }

    byte[] pdf(OfficialRecord record, Locale locale) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.useFont(() -> font(REGULAR), FONT_FAMILY, NORMAL_WEIGHT, FontStyle.NORMAL, true);
        builder.useFont(() -> font(BOLD), FONT_FAMILY, BOLD_WEIGHT, FontStyle.NORMAL, true);
        builder.withHtmlContent(page(record, locale), null);
        builder.toStream(pdf);
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the record of " + record.consultation().id() + " as PDF", e);
        }
        return pdf.toByteArray();
    }

    private String page(OfficialRecord record, Locale locale) {
        Context context = new Context(locale);
        context.setVariable("record", record);
        context.setVariable("lang", locale.getLanguage());
        context.setVariable("titles", record.proposals().stream()
                .collect(Collectors.toMap(Proposal::id, Proposal::title, (a, b) -> a)));
        context.setVariable("states", stateNames());
        return templates.process(TEMPLATE, context);
    }

    private Map<String, String> stateNames() {
        return queries.list(new FindMemberStates(), MemberStateView.class).stream()
                .collect(Collectors.toMap(MemberStateView::code, MemberStateView::name, (a, b) -> a));
    }

    private static InputStream font(String resource) {
        InputStream font = RecordDocuments.class.getResourceAsStream(resource);
        if (font == null) {
            throw new IllegalStateException("the font " + resource + " is missing from the service's resources");
        }
        return font;
    }
}
