package io.closedloop.intake.channel.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Channel;
import io.closedloop.intake.channel.ChannelIntake;
import io.closedloop.intake.channel.support.AdapterFiling;
import io.closedloop.intake.channel.support.ChannelProblem;
import io.closedloop.intake.channel.support.Issue;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import io.closedloop.intake.channel.support.Words;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Posts, mentions, comments and direct messages from social platforms. Each platform's payload is read as the
 * platform sends it ({@link WeiboPayload}, {@link XPayload}) or in the {@link GenericSocialPayload generic shape};
 * public posts are marked public and carry their reach, which routing's classifier weighs into severity.
 */
@RestController
@Tag(name = "social channel", description = "Posts, mentions and direct messages from social platforms")
public class SocialChannelController {

    static final Map<String, String> PLATFORMS = Map.of("generic", "generic", "weibo", "weibo", "x", "x",
            "twitter", "x");
    private static final Map<String, String> FIELDS = Map.of("channelMessageId", "postId", "receivedAt", "postedAt",
            "complainant", "author", "channelContext.sourceUrl", "url");

    private final AdapterFiling filing;
    private final ChannelIntake channelIntake;

    public SocialChannelController(AdapterFiling filing, ChannelIntake channelIntake) {
        this.filing = filing;
        this.channelIntake = channelIntake;
    }

    public record PostFiled(String platform, String postId, String trackingNumber, boolean created) {
    }

    /** One entry per post or message in the delivery; {@code ignored} lists events that are not messages. */
    public record Delivery(List<PostFiled> results, List<String> ignored) {
    }

    @Operation(summary = "File social media posts, mentions and direct messages",
            description = "platform: generic, weibo, or x (alias twitter). The body is the platform's own payload "
                    + "(a Weibo status or fans-service private message; an X API v2 post with includes.users, or "
                    + "dm_events), or the generic shape. The post id is the idempotency key: a redelivery answers 200 "
                    + "with the same tracking number and files nothing. Events that are not messages are answered 200 "
                    + "and listed under ignored.")
    @PostMapping(path = "/api/v1/channels/social/{platform}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Delivery>> post(@PathVariable String platform, @RequestBody JsonNode body,
                                               @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept,
                                               @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
        Lang lang = Lang.of(null, accept);
        String known = PLATFORMS.get(platform);
        if (known == null) {
            throw ChannelProblem.invalid(List.of(new Issue("platform", new Words(
                    "不支持的平台；可用：generic、weibo、x", "is not a supported platform; use generic, weibo or x"))), lang);
        }
        String adapter = "social-" + known;
        return Mono.fromCallable(() -> deliver(known, adapter, body, lang, correlationId))
                .subscribeOn(Schedulers.boundedElastic())
                .map(delivery -> ResponseEntity.status(delivery.results().stream().anyMatch(PostFiled::created)
                        ? HttpStatus.CREATED : HttpStatus.OK).body(delivery));
    }

    private Delivery deliver(String platform, String adapter, JsonNode body, Lang lang, String correlationId) {
        List<String> ignored = new ArrayList<>();
        List<SocialPost> posts;
        try {
            JsonPayload payload = JsonPayload.of(body, lang);
            if (platform.equals("weibo") && WeiboPayload.isIgnoredMessage(payload)) {
                ignored.add("weibo message type " + payload.node("type").asText());
                posts = List.of();
            } else {
                posts = switch (platform) {
                    case "weibo" -> WeiboPayload.read(payload);
                    case "x" -> XPayload.read(payload, ignored);
                    default -> GenericSocialPayload.read(payload);
                };
            }
            payload.throwIfAny(lang);
        } catch (ChannelProblem e) {
            channelIntake.count(Channel.SOCIAL, adapter, ChannelIntake.Outcome.REJECTED);
            throw e;
        }
        ignored.forEach(reason -> channelIntake.count(Channel.SOCIAL, adapter, ChannelIntake.Outcome.IGNORED));
        List<PostFiled> results = new ArrayList<>();
        for (SocialPost post : posts) {
            AdapterFiling.Filed filed = filing.fileNow(Channel.SOCIAL, adapter, correlationId, lang,
                    post::toSubmission, FIELDS);
            results.add(new PostFiled(post.platform(), post.postId(), filed.trackingNumber(), filed.created()));
        }
        return new Delivery(results, ignored);
    }
}
