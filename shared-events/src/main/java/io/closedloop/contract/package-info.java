/**
 * The contract between Closed Loop's services: what a complaint is made of, the commands that ask the
 * {@code Complaint} aggregate to change, the events that record that it did, the Kafka topics they travel
 * on and their JSON form. Everything here is a value; nothing here talks to Kafka, a database or Spring.
 *
 * <p>Rules of the contract: type names never change; a change to a record's shape bumps its
 * {@code @Revision} and ships an upcaster; the golden-JSON tests fail when a field is renamed or dropped.
 */
package io.closedloop.contract;
