/**
 * Providers described by their constructors: subclass the base of a plugin kind and pass name, description, hparams
 * type, what the kind declares and the factory.
 */
package dev.amend.toolkit.provider;
