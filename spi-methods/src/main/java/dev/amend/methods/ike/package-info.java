/** IKE: in-context editing with demonstrations retrieved by sentence embeddings (all-MiniLM-L6-v2). */
package dev.amend.methods.ike;
