"""Personnel: units, officers and posts, training and exams, enforcement certificates, assets."""
