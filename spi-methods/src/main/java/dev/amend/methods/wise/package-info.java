/** WISE: a side memory beside one MLP output projection, routed to by activation score, merged by TIES. */
package dev.amend.methods.wise;
