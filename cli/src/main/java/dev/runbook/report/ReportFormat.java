package dev.runbook.report;

import java.util.Locale;

/** The formats a report is written in, with the file name each gets in an evidence pack. */
public enum ReportFormat {
    MARKDOWN("report.md"), JSON("report.json"), JUNIT("report.junit.xml"), HTML("report.html");

    private final String fileName;

    ReportFormat(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String render(DrillReport report) {
        switch (this) {
            case JSON:
                return JsonReport.render(report);
            case JUNIT:
                return JUnitReport.render(report);
            case HTML:
                return HtmlReport.render(report);
            default:
                return MarkdownReport.render(report);
        }
    }
}
