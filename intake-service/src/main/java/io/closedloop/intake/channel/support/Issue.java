package io.closedloop.intake.channel.support;

/** What is wrong with one field of a payload or form, in both languages. */
public record Issue(String field, Words words) {
}
