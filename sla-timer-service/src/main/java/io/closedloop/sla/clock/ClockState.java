package io.closedloop.sla.clock;

/** Where one clock on one complaint stands. */
public enum ClockState {
    /** counting towards its deadline */
    RUNNING,
    /** held while the department waits for the customer */
    PAUSED,
    /** the event it waits for happened (in time or late: see {@link TrackedClock#metInTime}) */
    MET,
    /** no longer needed: the complaint was closed or withdrawn, or the clock no longer applies to it */
    STOPPED;

    public boolean active() {
        return this == RUNNING || this == PAUSED;
    }
}
