package org.iom.idm.record;

import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The record's three forms: {@code ?format=} when given, else the first the Accept header takes, by quality and then
 * in its order ({@code *}{@code /*} or none: JSON).
 */
enum RecordFormat {
    JSON(MediaType.APPLICATION_JSON),
    HTML(MediaType.TEXT_HTML),
    PDF(MediaType.APPLICATION_PDF);

    private final MediaType mediaType;

    RecordFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    MediaType mediaType() {
        return mediaType;
    }

    static RecordFormat chosen(String format, String accept) {
        if (format != null) {
            return Arrays.stream(values()).filter(f -> f.name().equals(format.toUpperCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> new RuleViolation(ErrorCode.VALIDATION_FAILED,
                            "'format' has an invalid value: json, html or pdf"));
        }
        List<MediaType> accepted;
        try {
            accepted = accept == null || accept.isBlank() ? List.of(MediaType.ALL) : MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException malformed) {
            throw new RuleViolation(ErrorCode.MALFORMED_REQUEST, "the Accept header is not a list of media types");
        }
        return accepted.stream()
                .sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed())
                .filter(type -> type.getQualityValue() > 0)
                .flatMap(type -> Arrays.stream(values()).filter(f -> type.includes(f.mediaType)))
                .findFirst()
                .orElseThrow(() -> new RuleViolation(ErrorCode.NOT_ACCEPTABLE,
                        "the record is available as application/json, text/html or application/pdf"));
    }
}
