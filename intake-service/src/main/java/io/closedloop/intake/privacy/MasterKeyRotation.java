package io.closedloop.intake.privacy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every data key wrapped by the active master key.
 * <ul>
 * <li>Before intake takes any work, it checks that its keyring can unwrap every stored data key, and refuses to start
 *     otherwise: a keyring missing a master key still in use would make those complainants unreadable.</li>
 * <li>Once started, it re-wraps in the background every key wrapped by another master key (a rotation: the operator
 *     added a new key and made it active) or by none (keys stored before master keys existed), a batch per
 *     transaction. When {@code closedloop_personal_data_keys_not_on_active_master} is 0, older master keys may be
 *     removed from the keyring; backups of the key table made before then are unreadable from that moment.</li>
 * </ul>
 * Several intake instances may run it at once: a key is re-wrapped only if it is still as read (compare and set).
 */
@Component
public class MasterKeyRotation implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MasterKeys masterKeys;
    private final int batchSize;
    private final AtomicLong notOnActive = new AtomicLong(-1);
    private volatile boolean closing;

    public MasterKeyRotation(JdbcClient jdbc, TransactionTemplate transactions, MasterKeys masterKeys,
                             PersonalDataProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.masterKeys = masterKeys;
        this.batchSize = properties.rewrapBatchSize();
        Gauge.builder("closedloop.personal_data.keys.not_on_active_master", notOnActive, AtomicLong::get)
                .description("data keys not yet wrapped by the active master key (-1: not counted yet)")
                .register(meters);
    }

    /** Runs before the listeners and the web server start. */
    @Override
    public void afterSingletonsInstantiated() {
        checkKeyringOpensEveryKey();
    }

    /** @throws IllegalStateException naming the master keys in use that the keyring lacks */
    public void checkKeyringOpensEveryKey() {
        Set<String> missing = new TreeSet<>(jdbc.sql(
                        "select distinct master_key_id from personal_data_key where master_key_id is not null")
                .query(String.class).list());
        missing.removeAll(masterKeys.ids());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("data keys in personal_data_key are wrapped with master keys " + missing
                    + " that are not in the keyring " + masterKeys.ids() + " (closedloop.intake.personal-data."
                    + "master-keys-file): put them back, or those complainants cannot be read");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void rewrapInTheBackground() {
        Thread thread = new Thread(() -> {
            try {
                long rewrapped = rewrapAll();
                if (rewrapped > 0) {
                    log.info("re-wrapped {} data keys with master key {}", rewrapped, masterKeys.activeId());
                }
            } catch (RuntimeException e) {
                // the database away, say: the keys stay readable as they are, and the next start tries again
                log.warn("re-wrapping data keys with master key {} stopped; the next start goes on: {}",
                        masterKeys.activeId(), e.toString());
            }
        }, "personal-data-key-rewrap");
        thread.setDaemon(true);
        thread.start();
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        closing = true;
    }

    /** Re-wraps every data key not wrapped by the active master key; @return how many this instance re-wrapped. */
    public long rewrapAll() {
        long total = 0;
        while (!closing) {
            Integer done = transactions.execute(status -> rewrapBatch());
            if (done == null || done == 0) {
                break;
            }
            total += done;
        }
        notOnActive.set(jdbc.sql("select count(*) from personal_data_key where master_key_id is distinct from ?")
                .param(masterKeys.activeId()).query(Long.class).single());
        return total;
    }

    private record StoredKey(String subjectId, String masterKeyId, byte[] bytes) {
    }

    private int rewrapBatch() {
        List<StoredKey> batch = jdbc.sql("""
                        select subject_id, master_key_id, data_key from personal_data_key
                        where master_key_id is distinct from ? order by subject_id limit ?
                        for update skip locked""")
                .params(masterKeys.activeId(), batchSize)
                .query((rs, n) -> new StoredKey(rs.getString(1), rs.getString(2), rs.getBytes(3))).list();
        for (StoredKey key : batch) {
            MasterKeys.Wrapped wrapped = masterKeys.wrap(key.subjectId(),
                    masterKeys.unwrap(key.subjectId(), key.masterKeyId(), key.bytes()));
            jdbc.sql("update personal_data_key set data_key = ?, master_key_id = ? where subject_id = ?")
                    .params(wrapped.bytes(), wrapped.masterKeyId(), key.subjectId()).update();
        }
        return batch.size();
    }
}
