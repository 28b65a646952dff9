/** Object stores segments are uploaded to (the S3 API or a local folder), each verifying what it keeps and never overwriting. */
package dev.kubeaudit.shipper.store;
