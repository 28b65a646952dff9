/** Local files for archive objects: a folder's own, or verified copies of remote objects in a cache. */
package dev.kubeaudit.search.files;
