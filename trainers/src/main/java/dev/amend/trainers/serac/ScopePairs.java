package dev.amend.trainers.serac;

import dev.amend.methods.data.TrainingRecords.TrainingRecord;
import dev.amend.methods.serac.ScopeClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch's classifier pairs: each edit is stored as {@link ScopeClassifier#storedText} (as the SERAC method stores
 * a request, and EasyEdit's cache); the queries
 * are, per edit, its prompt with the new target, its rephrasing with and without the target (in its scope) and its
 * unrelated fact with and without that fact's answer (in no edit's scope). The unrelated fact is a near neighbour of its
 * own edit (the same relation, a subject sharing a name): those pairs are the hard negatives.
 *
 * @param stored  the edits' stored texts
 * @param queries the query texts, five per edit
 * @param inScope {@code [queries × stored]}, row-major: 1 where the query is in that edit's scope
 * @param hard    {@code [queries × stored]}: 1 where the query is its own edit's unrelated fact
 */
record ScopePairs(List<String> stored, List<String> queries, float[] inScope, float[] hard) {

    /** The in-scope queries of each edit come first among its five. */
    static final int IN_SCOPE_PER_EDIT = 3;

    static ScopePairs of(List<TrainingRecord> batch) {
        List<String> stored = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        for (TrainingRecord r : batch) {
            stored.add(ScopeClassifier.storedText(r.prompt(), r.target()));
            queries.addAll(List.of(r.prompt() + " " + r.target(), r.rephrase() + " " + r.target(), r.rephrase(),
                    r.locality() + " " + r.localityAnswer(), r.locality()));
        }
        int perEdit = queries.size() / batch.size();
        float[] inScope = new float[queries.size() * batch.size()];
        float[] hard = new float[inScope.length];
        for (int q = 0; q < queries.size(); q++) {
            int edit = q / perEdit;
            (q % perEdit < IN_SCOPE_PER_EDIT ? inScope : hard)[q * batch.size() + edit] = 1f;
        }
        return new ScopePairs(stored, queries, inScope, hard);
    }
}
