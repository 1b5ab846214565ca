/** Charts of results, written as standalone SVG files that browsers and Markdown viewers show. */
package dev.amend.harness.chart;
