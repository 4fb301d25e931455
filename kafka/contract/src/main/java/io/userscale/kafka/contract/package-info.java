/**
 * The record types published on userscale's topics, as immutable Java records whose JSON field
 * names are the contract: fields may be added, never renamed or repurposed.
 */
package io.userscale.kafka.contract;
