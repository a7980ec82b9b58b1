package io.closedloop.routing.deciding;

import io.closedloop.contract.Actor;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ClassifyComplaintCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.routing.classify.Classification;
import io.closedloop.routing.rules.Router;
import io.closedloop.routing.rules.RoutingInput;
import io.closedloop.routing.rules.RoutingRules;
import io.closedloop.routing.taxonomy.Taxonomy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What routing decides about a complaint event: for a new complaint, its classification and its department (the
 * rules version in force when intake recorded it); for a person's correction of a classification, a labelled
 * example for the next training run. Command ids are derived from the event, so deciding again after a crash
 * changes the complaint once.
 */
@Component
public class RoutingDecisions {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RoutingDecisions.class);

    static final String SERVICE = "routing-service";
    /** Used when no rule says otherwise: the most common kind, and the most protective. */
    static final String DEFAULT_SEVERITY = "general";

    private final RulesStore rules;
    private final TaxonomyStore taxonomies;
    private final TextModel model;
    private final JdbcClient jdbc;

    RoutingDecisions(RulesStore rules, TaxonomyStore taxonomies, TextModel model, JdbcClient jdbc) {
        this.rules = rules;
        this.taxonomies = taxonomies;
        this.model = model;
        this.jdbc = jdbc;
        // before any listener starts, so the first complaint already finds a taxonomy and rules in force
        taxonomies.seedDefault();
        rules.seedDefault();
    }

    public List<ComplaintCommand> onEvent(ComplaintEventEnvelope event) {
        if (event.payload() instanceof ComplaintReceivedEvent received) {
            return route(event, received);
        }
        if (event.payload() instanceof ComplaintClassifiedEvent classified && classified.correction()) {
            recordCorrection(event, classified);
        }
        return List.of();
    }

    private List<ComplaintCommand> route(ComplaintEventEnvelope event, ComplaintReceivedEvent received) {
        RulesStore.StoredRules version = rules.activeAt(event.occurredAt());
        TaxonomyStore.StoredTaxonomy taxonomy = taxonomies.activeAt(event.occurredAt());
        Actor actor = Actor.service(SERVICE, version.stamp());
        Decision decision;
        try {
            decision = decide(received, version.rules(), version.stamp(), taxonomy.taxonomy(), model::classify);
        } catch (RuntimeException e) {
            // a complaint is never left without an owner: whatever went wrong, it goes to the fallback queue,
            // and the reason says so
            log.error("Routing complaint {} failed; it goes to the fallback queue", event.complaintId(), e);
            decision = new Decision(received.infoType() != null ? received.infoType() : InfoType.COMPLAINT,
                    taxonomy.taxonomy().fallbackCategory(), DEFAULT_SEVERITY, List.of(), null, Optional.empty(),
                    Optional.empty(),
                    new Router.Assignment(version.rules().fallbackDepartment(), version.rules().fallbackPriority(),
                            "routing failed (" + e + "): fallback queue", version.stamp(), true));
        }
        List<String> deciders = new java.util.ArrayList<>();
        decision.byRules().ifPresent(c -> deciders.add(version.stamp() + "/rules:" + String.join(",", c.ruleIds())));
        decision.byModel().ifPresent(m -> deciders.add(m.modelVersion()));
        // the category is a code of the taxonomy in force: the classification names that version beside the rules'
        var classify = new ClassifyComplaintCommand("routing-" + event.eventId() + "-classify",
                event.complaintId(), decision.infoType(), decision.category(), decision.severity(),
                decision.topics(), deciders.isEmpty() ? version.stamp() + "/default" : String.join("+", deciders),
                decision.confidence(), false, Actor.service(SERVICE, version.stamp() + "+" + taxonomy.stamp()));
        Router.Assignment assignment = decision.assignment();
        var assign = new AssignDepartmentCommand("routing-" + event.eventId() + "-assign", event.complaintId(),
                assignment.department(), assignment.priority(), assignment.reason(), assignment.rulesVersion(), actor);
        return List.of(classify, assign);
    }

    /**
     * How one rules version (and the text model, for the category the rules leave open) classifies and assigns a
     * complaint.
     *
     * @param confidence 1 when rules decided everything they could, the model's probability when it chose the
     *                   category, null when neither decided anything
     */
    record Decision(InfoType infoType, String category, String severity, List<String> topics, Double confidence,
            Optional<Router.RuleClassification> byRules, Optional<Classification> byModel,
            Router.Assignment assignment) {
    }

    /**
     * The one place a received complaint is classified and assigned: live routing and what-if runs alike. The
     * category is a code of {@code taxonomy}: the rules' (checked against it when they were activated), else the
     * model's when the taxonomy has it, else the taxonomy's fallback category.
     */
    static Decision decide(ComplaintReceivedEvent received, RoutingRules rules, String stamp, Taxonomy taxonomy,
            Function<String, Optional<Classification>> model) {
        RoutingInput input = new RoutingInput(received.infoType(), null, null, received.product(),
                received.channel(), received.subject(), received.text(), received.location(), received.receivedAt(),
                received.region(), received.channelContext());
        Optional<Router.RuleClassification> byRules = Router.classify(input, rules);
        // what the channel said (a call-centre agent chose "rescue request") stands over a keyword
        InfoType infoType = received.infoType() != null ? received.infoType()
                : byRules.map(Router.RuleClassification::infoType).orElse(InfoType.COMPLAINT);
        String ruleCategory = byRules.map(Router.RuleClassification::category).orElse(null);
        Optional<Classification> byModel = ruleCategory != null ? Optional.empty()
                : model.apply(((received.subject() == null ? "" : received.subject() + "\n")
                        + (received.text() == null ? "" : received.text())).strip())
                        .filter(c -> inTaxonomy(c, taxonomy));
        String category = ruleCategory != null ? ruleCategory
                : byModel.map(Classification::label).orElse(taxonomy.fallbackCategory());
        String severity = byRules.map(Router.RuleClassification::severity).orElse(DEFAULT_SEVERITY);
        Double confidence = byModel.map(Classification::confidence).orElse(byRules.isPresent() ? 1.0 : null);
        List<String> topics = byRules.map(Router.RuleClassification::keywords).orElse(List.of());
        return new Decision(infoType, category, severity, topics, confidence, byRules, byModel,
                Router.assign(input.classifiedAs(infoType, category, severity), rules, stamp));
    }

    private static final java.util.Set<String> UNKNOWN_LABELS_REPORTED =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A model trained on another tree (or before the taxonomy changed) can answer with a label that is no category
     * now; it is not used, and the mismatch is reported once per model and label so that someone retrains it.
     */
    private static boolean inTaxonomy(Classification classification, Taxonomy taxonomy) {
        if (taxonomy.contains(classification.label())) {
            return true;
        }
        if (UNKNOWN_LABELS_REPORTED.size() < 1000
                && UNKNOWN_LABELS_REPORTED.add(classification.modelVersion() + " " + classification.label())) {
            log.warn("The text model {} answered '{}', which is not a category of the taxonomy {}; the answer is not "
                    + "used. Retrain the model on this taxonomy's codes.", classification.modelVersion(),
                    classification.label(), taxonomy.name());
        }
        return false;
    }

    private void recordCorrection(ComplaintEventEnvelope event, ComplaintClassifiedEvent classified) {
        int kept = jdbc.sql("""
                        insert into classification_correction
                            (event_id, complaint_id, text, info_type, category, severity, corrected_by, corrected_at)
                        select :eventId, :complaintId, coalesce(convert_from(envelope, 'UTF8')::jsonb->'payload'->>'subject', '')
                                   || E'\\n' || coalesce(convert_from(envelope, 'UTF8')::jsonb->'payload'->>'text', ''),
                               :infoType, :category, :severity, :by, :at
                        from complaint_event_log where complaint_id = :complaintId and event_type = 'ComplaintReceived'
                        on conflict (event_id) do nothing
                        """)
                .param("eventId", event.eventId())
                .param("complaintId", event.complaintId())
                .param("infoType", classified.infoType() == null ? null : classified.infoType().code())
                .param("category", classified.category())
                .param("severity", classified.severity())
                .param("by", classified.actor() == null ? null : classified.actor().id())
                .param("at", OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .update();
        if (kept == 0 && !correctionKnown(event.eventId())) {
            // the complaint's text is not in the log (its first event failed here): say so rather than lose it
            log.warn("Correction {} of complaint {} not kept for training: its complaint text is unknown here",
                    event.eventId(), event.complaintId());
        }
    }

    private boolean correctionKnown(String eventId) {
        return jdbc.sql("select count(*) from classification_correction where event_id = :id").param("id", eventId)
                .query(Integer.class).single() > 0;
    }
}
