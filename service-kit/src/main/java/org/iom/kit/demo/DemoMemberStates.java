package org.iom.kit.demo;

import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** The member states of the demo profile: real ISO 3166-1 alpha-3 codes with their English names. */
public final class DemoMemberStates {

    private static final String RESOURCE = "/demo/member-states.csv";

    /** A seeded state, with the demo users who speak for it (CONTRACT §6, §9). */
    public record Entry(String code, String name) {

        /** The demo user accredited as the state's head of delegation. */
        public String delegate() {
            return "delegate-" + code.toLowerCase(Locale.ROOT);
        }

        /** The demo user accredited as the state's alternate. */
        public String alternate() {
            return "alternate-" + code.toLowerCase(Locale.ROOT);
        }
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
