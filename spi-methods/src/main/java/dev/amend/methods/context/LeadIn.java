package dev.amend.methods.context;

import dev.amend.api.model.Tokenizer;
import java.util.Arrays;

/**
 * Puts a lead-in (an edit stated in context, demonstrations) before an input row, as token ids: the lead-in's own,
 * then the row's without the leading special tokens the tokenizer adds to every text (they already open the lead-in).
 * Shared by the methods that read an edit in context (IKE, SERAC's counterfactual model).
 */
public final class LeadIn {

    private final int[] specialLead;

    private LeadIn(int[] specialLead) {
        this.specialLead = specialLead;
    }

    /** For rows encoded by {@code tokenizer} with its special tokens. */
    public static LeadIn of(Tokenizer tokenizer) {
        return new LeadIn(tokenizer.encode("", true));
    }

    /** {@code lead}'s ids, then {@code row}'s without its leading special tokens. */
    public int[] join(int[] lead, int[] row) {
        int from = startsWithSpecials(row) ? specialLead.length : 0;
        int[] joined = Arrays.copyOf(lead, lead.length + row.length - from);
        System.arraycopy(row, from, joined, lead.length, row.length - from);
        return joined;
    }

    private boolean startsWithSpecials(int[] row) {
        return specialLead.length > 0 && row.length >= specialLead.length
                && Arrays.equals(row, 0, specialLead.length, specialLead, 0, specialLead.length);
    }
}
