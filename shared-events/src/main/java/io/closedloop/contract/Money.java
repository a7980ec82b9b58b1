package io.closedloop.contract;

import java.math.BigDecimal;

/** An amount in a currency (ISO 4217 code, e.g. CNY). */
public record Money(BigDecimal amount, String currency) {
}
