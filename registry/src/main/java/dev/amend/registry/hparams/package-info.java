/** Loading and saving typed hparams records from EasyEdit-style YAML or JSON files. */
package dev.amend.registry.hparams;
