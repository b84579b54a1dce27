package io.wacall.backend.store;

import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.Ringing;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A call's record as the call workflows of the current shape write it: one snapshot
 * ({@link CallReadModel#record}) and the agents' ringing rows, which follow it. After a save the
 * call rings for exactly the agent its snapshot names in {@link CallView#ringing()} (for nobody
 * when that is null): no separate "stop ringing" write exists.
 *
 * <p>Both writes happen in one transaction, so the rows never disagree with the stored snapshot.
 * A snapshot older than the stored one changes nothing, rows included; saving the stored snapshot
 * again (a retry) writes the same rows again.
 */
@Repository
public class CallRecords {
  /** What a save did. */
  public enum Saved {
    /** This snapshot is now the stored one; the rows follow it. */
    STORED,
    /** This very snapshot (same version) was already stored: a retry; the rows follow it again. */
    ALREADY_STORED,
    /** A newer snapshot is stored: nothing was written. */
    SUPERSEDED;

    /** Whether the stored snapshot is this one (the rows follow it). */
    public boolean current() {
      return this != SUPERSEDED;
    }
  }

  private final CallReadModel calls;
  private final AgentRingingRepository ringing;
  private final TransactionTemplate transactions;

  public CallRecords(CallReadModel calls, AgentRingingRepository ringing, PlatformTransactionManager transactionManager) {
    this.calls = calls;
    this.ringing = ringing;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /**
   * Saves the snapshot and makes the ringing rows follow it.
   *
   * @param runId the run that wrote it (the read model keeps a newer run's snapshot whatever its version)
   */
  public Saved save(CallView view, String runId) {
    return transactions.execute(status -> {
      Saved saved;
      if (calls.record(view, runId)) {
        saved = Saved.STORED;
      } else {
        long stored = calls.find(view.id()).map(CallView::version).orElse(Long.MIN_VALUE);
        saved = stored == view.version() ? Saved.ALREADY_STORED : Saved.SUPERSEDED;
      }
      if (saved.current()) {
        followRinging(view);
      }
      return saved;
    });
  }

  private void followRinging(CallView view) {
    Ringing rung = view.ringing();
    if (rung == null) {
      ringing.stopRinging(view.id());
      return;
    }
    ringing.stopRingingExcept(view.id(), rung.agentId());
    // the caller's number is shown to the agent; a call whose number is unknown still rings
    ringing.ringing(view.id(), rung.agentId(), view.phoneNumberId(), view.customer() == null ? "" : view.customer(),
        rung.ringingSince(), rung.ringExpiresAt());
  }
}
