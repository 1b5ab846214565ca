/** Shared machinery of the methods that edit in context: putting a lead-in before the model's input. */
package dev.amend.methods.context;
