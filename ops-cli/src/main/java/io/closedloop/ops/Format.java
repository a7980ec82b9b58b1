package io.closedloop.ops;

/** How a command prints what it found: a table for people, JSON for scripts and alerting. */
public enum Format {
    TABLE, JSON
}
