/** Load generator that talks like kube-apiserver's audit webhook, and JMH benchmarks. */
package dev.kubeaudit.bench;
