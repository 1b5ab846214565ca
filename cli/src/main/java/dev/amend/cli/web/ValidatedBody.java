package dev.amend.cli.web;

/** A request body bound to a record, which checks its own fields once bound. */
interface ValidatedBody {

    /**
     * Checks every field.
     *
     * @throws InvalidFieldException naming the first field at fault
     */
    void validate();
}
