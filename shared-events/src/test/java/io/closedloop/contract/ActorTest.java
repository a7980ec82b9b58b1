package io.closedloop.contract;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActorTest {

    @Test
    void anActorWithoutATypeIsRejected() {
        assertThatThrownBy(() -> new Actor(null, "li.na", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actor type is required");
    }

    @ParameterizedTest(name = "id \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void anActorWithoutAnIdIsRejected(String id) {
        assertThatThrownBy(() -> new Actor(Actor.Type.USER, id, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actor id is required");
    }

    @Test
    void customerIsTheChannelAdapterSpeakingForACustomerThroughAChannel() {
        Actor actor = Actor.customer(Channel.WEB, "web-portal-adapter");

        assertThat(actor).isEqualTo(new Actor(Actor.Type.CUSTOMER, "web-portal-adapter", Channel.WEB, null));
    }

    @Test
    void userIsAPersonWithoutChannelOrPolicy() {
        Actor actor = Actor.user("li.na");

        assertThat(actor).isEqualTo(new Actor(Actor.Type.USER, "li.na", null, null));
    }

    @Test
    void serviceIsAServiceApplyingAVersionedPolicy() {
        Actor actor = Actor.service("routing-service", "routing-rules@7");

        assertThat(actor).isEqualTo(new Actor(Actor.Type.SERVICE, "routing-service", null, "routing-rules@7"));
    }

    @Test
    void theFactoriesRefuseAMissingIdToo() {
        assertThatThrownBy(() -> Actor.customer(Channel.PHONE, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.user(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.service("", "routing-rules@7")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anActorTravelsWithItsTypeAndWithoutAbsentFields() throws Exception {
        String json = ContractJson.mapper().writeValueAsString(Actor.customer(Channel.PHONE, "call-center-adapter"));

        JSONAssert.assertEquals("{\"type\":\"CUSTOMER\",\"id\":\"call-center-adapter\",\"channel\":\"phone\"}", json,
                JSONCompareMode.STRICT);
        assertThat(ContractJson.mapper().readValue(json, Actor.class))
                .isEqualTo(Actor.customer(Channel.PHONE, "call-center-adapter"));
    }

    @Test
    void anActorWithoutAnIdInJsonIsRejectedWhenRead() {
        assertThatThrownBy(() -> ContractJson.mapper().readValue("{\"type\":\"SERVICE\"}", Actor.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("actor id is required");
    }
}
