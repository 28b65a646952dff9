/** Runs the recipes of docs/archive-sql/ on real engines over a generated hive-layout archive and checks their answers. */
package dev.kubeaudit.archivesql.check;
