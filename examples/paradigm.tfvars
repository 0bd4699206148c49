# A .tfvars written for tradeparadigm/terraform-aws-ecr-repo-lambda, every variable set; it drives the
# ecr-create-on-push stack unchanged.
name               = "ecr-repo-maker"
lambda_concurrency = 2
lambda_timeout     = 15
log_retention_days = 30
tags = {
  team = "platform"
}
managed_repo_prefixes = [
  "backend/",
  "frontend/",
]
image_tag_mutability  = "IMMUTABLE"
repo_lifecycle_policy = <<-EOF
  {
    "rules": [
      {
        "rulePriority": 10,
        "description": "Only keep 30 most recent untagged images.",
        "selection": {
          "tagStatus": "untagged",
          "countType": "imageCountMoreThan",
          "countNumber": 30
        },
        "action": {
          "type": "expire"
        }
      }
    ]
  }
EOF
repo_policy           = <<-EOF
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "OrgPull",
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-exampleorgid" } }
      }
    ]
  }
EOF
repo_tags = {
  cost-center = "1234"
}
repo_scan_on_push = false
