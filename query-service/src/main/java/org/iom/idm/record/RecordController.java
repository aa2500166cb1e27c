package org.iom.idm.record;

import org.iom.idm.record.OfficialRecord.AuditHead;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * CONTRACT §7: the official record of a decided consultation, its signature, and the key that verifies it. Anyone
 * signed in reads them: the record is published with the decision. The record's language follows the web UI's
 * ({@code ?lang=}, then the cookie, then Accept-Language); only the page and the PDF are translated.
 */
@RestController
class RecordController {

    private final OfficialRecords records;
    private final RecordDocuments documents;
    private final RecordKey key;

    RecordController(OfficialRecords records, RecordDocuments documents, RecordKey key) {
        this.records = records;
        this.documents = documents;
        this.key = key;
    }

    @GetMapping("/api/consultations/{cid}/record")
    ResponseEntity<byte[]> record(@PathVariable String cid, @RequestParam(required = false) String format,
                                  @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                  Locale locale) {
        RecordFormat chosen = RecordFormat.chosen(format, accept);
        OfficialRecord record = records.of(cid);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.VARY, HttpHeaders.ACCEPT,
                HttpHeaders.ACCEPT_LANGUAGE);
        return switch (chosen) {
            case JSON -> response.contentType(MediaType.APPLICATION_JSON).body(CanonicalJson.of(record));
            case HTML -> response.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .body(documents.html(record, locale));
            case PDF -> response.contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename("record-" + cid + "-" + locale.getLanguage() + ".pdf").build().toString())
                    .body(documents.pdf(record, locale));
        };
    }

    /** The signature over the exact bytes {@code GET .../record} answers as JSON. */
    @GetMapping(path = "/api/consultations/{cid}/record/signature", produces = MediaType.APPLICATION_JSON_VALUE)
    RecordSignature signature(@PathVariable String cid) {
        OfficialRecord record = records.of(cid);
        return new RecordSignature(RecordKey.ALGORITHM, key.publicKey(), key.sign(CanonicalJson.of(record)),
                record.auditHead());
    }

    @GetMapping(path = "/api/record-key", produces = MediaType.APPLICATION_JSON_VALUE)
    RecordPublicKey publicKey() {
        return new RecordPublicKey(RecordKey.ALGORITHM, key.publicKey());
    }

    record RecordSignature(String algorithm, String publicKey, String signature, AuditHead auditHead) {
    }

    record RecordPublicKey(String algorithm, String publicKey) {
    }
}
