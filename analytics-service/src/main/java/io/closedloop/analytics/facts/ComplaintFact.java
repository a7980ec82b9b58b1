package io.closedloop.analytics.facts;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What analytics knows about one complaint, folded from its events by {@link FactProjector}. The flat fields are
 * what reports group and count; {@code milestones}, {@code clocks} and the topic sets are the projector's memory,
 * kept (as JSON) so that the live projection continues from where it stopped. A plain mutable bean because it is
 * folded event by event and stored with Jackson.
 */
public class ComplaintFact {

    /** Where a complaint stands, for counting; the Complaint aggregate in intake-service is the authority. */
    public enum Status { RECEIVED, ASSIGNED, ACKNOWLEDGED, RESOLVED, REOPENED, CLOSED, WITHDRAWN }

    /** One clock as the complaint's DeadlinesSet events last set it, and how many escalations it caused. */
    public static class Clock {
        public String satisfiedBy;
        public Instant startedAt;
        public Instant dueAt;
        public int escalations;
    }

    public String complaintId;
    public Instant receivedAt;
    public String channel;
    public String infoType;
    public String category;
    public String severity;
    public String product;
    public String region;
    public String language;
    public String department;
    public boolean publicPost;
    public Status status = Status.RECEIVED;
    public Instant assignedAt;
    public Instant acknowledgedAt;
    public Instant resolvedAt;
    public Instant closedAt;
    public Instant withdrawnAt;
    public Instant feedbackSentAt;
    public int reopened;
    public int transfers;
    public int warnings;
    public int escalations;
    public Integer satisfaction;
    public String duplicateOf;
    public Instant promisedEta;
    public BigDecimal compensationPaid = BigDecimal.ZERO;
    public String compensationCurrency;
    public long lastSequence = -1;
    public Instant lastEventAt;

    /** When each event type that can meet a clock happened, in stream order (as the aggregate keeps them). */
    public Map<String, List<Instant>> milestones = new LinkedHashMap<>();
    public Map<String, Clock> clocks = new LinkedHashMap<>();
    /*
     * Read back as LinkedHashSets (Jackson would make HashSets): the order is kept when the live projection reloads a
     * fact, so a live fact and the same fact rebuilt in one go are stored identically.
     */
    /** topics named by the latest classification */
    @JsonDeserialize(as = LinkedHashSet.class)
    public Set<String> classifiedTopics = new LinkedHashSet<>();
    /** topic keywords from the complaint's own words */
    @JsonDeserialize(as = LinkedHashSet.class)
    public Set<String> keywords = new LinkedHashSet<>();

    /** Every topic the complaint counts under in hot spots, in a stable order. */
    public Set<String> topics() {
        Set<String> all = new LinkedHashSet<>(classifiedTopics);
        all.addAll(keywords);
        return all;
    }

    void milestone(String eventType, Instant at) {
        if (at != null) {
            milestones.computeIfAbsent(eventType, t -> new ArrayList<>()).add(at);
        }
    }
}
