package dev.amend.cli.web;

/**
 * {@code POST /api/ask}'s body: a prompt to continue greedily, and how many tokens to generate (default
 * {@value #DEFAULT_NEW_TOKENS}, at most {@value EditSession#MAX_NEW_TOKENS}).
 */
record AskBody(String prompt, Integer maxNewTokens) implements ValidatedBody {

    static final int DEFAULT_NEW_TOKENS = 8;

    /** The tokens to generate. */
    int newTokens() {
        return maxNewTokens == null ? DEFAULT_NEW_TOKENS : maxNewTokens;
    }

    @Override
    public void validate() {
        TextFields.check("prompt", prompt, true);
        if (newTokens() < 1 || newTokens() > EditSession.MAX_NEW_TOKENS) {
            throw new InvalidFieldException("max_new_tokens", "max_new_tokens must be in [1, "
                    + EditSession.MAX_NEW_TOKENS + "], got " + newTokens());
        }
    }
}
