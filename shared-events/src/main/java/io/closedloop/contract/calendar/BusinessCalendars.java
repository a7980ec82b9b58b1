package io.closedloop.contract.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The calendars shipped with the platform, as class-path resources under {@code calendars/}. */
public final class BusinessCalendars {

    /**
     * The version stamped on deadlines computed with the shipped mainland China calendar. Bump it with every
     * change to {@code calendars/cn-mainland.json}: a replay must reproduce a deadline from its version.
     */
    public static final String MAINLAND_CHINA_VERSION = "cn-mainland@1";

    static final String MAINLAND_CHINA_RESOURCE = "/calendars/cn-mainland.json";

    private BusinessCalendars() {
    }

    /** Mainland China: Asia/Shanghai, 09:00–12:00 and 13:30–18:00, the State Council's notices for the years it lists. */
    public static BusinessCalendar mainlandChina() {
        return MainlandChina.CALENDAR;
    }

    // read once, on first use, by the class loader's lock: the calendar is immutable and shared
    private static final class MainlandChina {
        static final BusinessCalendar CALENDAR =
                new BusinessCalendar(read(MAINLAND_CHINA_RESOURCE), MAINLAND_CHINA_VERSION);
    }

    static CalendarDocument read(String resource) {
        try (InputStream in = BusinessCalendars.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("calendar resource " + resource + " is not on the class path");
            }
            return CalendarDocument.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
