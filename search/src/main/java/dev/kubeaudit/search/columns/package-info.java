/** The columns of an audit event, in one list, and their types as each engine spells them. */
package dev.kubeaudit.search.columns;
