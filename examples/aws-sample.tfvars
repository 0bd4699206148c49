# The terraform.tfvars that aws-samples/amazon-ecr-dynamic-repository-creation ships, unchanged; it drives the
# ecr-create-on-push-aws-sample stack.
REPO_SCAN_ON_PUSH    = true
IMAGE_TAG_MUTABILITY = "IMMUTABLE"
SCAN_FREQUENCY       = "SCAN_ON_PUSH"
SCAN_TYPE            = "BASIC"
REPO_TAGS = {
  "created-by" : "dynamic-create-ecr-repo-lambda",
  "env" : "poc"
}
