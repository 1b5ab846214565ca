/** Files for plugins and the runtime: safetensors, atomic writes, directory trees, hashing. */
package dev.amend.toolkit.io;
