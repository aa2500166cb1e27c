package org.iom.kit.demo;

import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The member states of the demo profile: real ISO 3166-1 alpha-3 codes with their English names. */
public final class DemoMemberStates {

    private static final String RESOURCE = "/demo/member-states.csv";

    public record Entry(String code, String name) {
    }

    private DemoMemberStates() {
    }

    public static List<Entry> all() {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (InputStream in = DemoMemberStates.class.getResourceAsStream(RESOURCE);
             MappingIterator<Entry> rows = new CsvMapper().readerFor(Entry.class).with(schema).readValues(in)) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
