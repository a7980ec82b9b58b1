package io.closedloop.intake.channel.support;

import io.closedloop.contract.Channel;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.ChannelIntake;
import io.closedloop.intake.intake.ComplaintIntake;
import io.closedloop.intake.intake.FieldError;
import io.closedloop.intake.intake.InvalidInputException;
import io.closedloop.intake.tracking.TrackingNumberIndex;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the HTTP channel adapters (web form, phone, social, on-site desk) file: map the payload, file it through
 * {@link ChannelIntake} (which counts filed, duplicate and rejected per adapter), and index its tracking number at
 * once so the customer can look it up the moment they are told it. Runs off the event loop: filing blocks until
 * the complaint is durable.
 */
@Component
public class AdapterFiling {

    private final ChannelIntake channelIntake;
    private final TrackingNumberIndex trackingNumbers;

    public AdapterFiling(ChannelIntake channelIntake, TrackingNumberIndex trackingNumbers) {
        this.channelIntake = channelIntake;
        this.trackingNumbers = trackingNumbers;
    }

    /** What became of one filed message. */
    public record Filed(String complaintId, String trackingNumber, boolean created) {
    }

    /**
     * @param mapping   reads the payload into a submission; a {@link ChannelProblem} from it counts as rejected
     * @param fieldName maps a submission field the intake refused (e.g. {@code complainant.phone}) to the payload's
     *                  field (e.g. {@code callerNumber}), so the sender is told about the field they sent
     */
    public Mono<Filed> file(Channel channel, String adapter, String correlationId, Lang lang,
                            Supplier<ComplaintSubmission> mapping, Map<String, String> fieldName) {
        return Mono.fromCallable(() -> fileNow(channel, adapter, correlationId, lang, mapping, fieldName))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The blocking form of {@link #file}, for adapters that file several messages of one delivery in turn. */
    public Filed fileNow(Channel channel, String adapter, String correlationId, Lang lang,
                         Supplier<ComplaintSubmission> mapping, Map<String, String> fieldName) {
        ComplaintSubmission submission;
        try {
            submission = mapping.get();
        } catch (ChannelProblem e) {
            channelIntake.count(channel, adapter, ChannelIntake.Outcome.REJECTED);
            throw e;
        }
        ComplaintIntake.Receipt receipt;
        try {
            receipt = channelIntake.file(submission, adapter, correlationId);
        } catch (InvalidInputException e) {
            throw ChannelProblem.invalid(translate(e.errors(), fieldName), lang);
        }
        String number = trackingNumbers.register(receipt.complaintId(), submission.receivedAt());
        return new Filed(receipt.complaintId(), number, receipt.created());
    }

    private static List<Issue> translate(List<FieldError> errors, Map<String, String> fieldName) {
        return errors.stream().map(e -> new Issue(fieldName.getOrDefault(e.field(), e.field()),
                new Words(IntakeReasons.zh(e.reason()), e.reason()))).toList();
    }
}
